// Chancery's reader: small enhancements of pages that work without them.
//
// - Persons and terms: a link to an entry of the volume's lists explains
//   the entry in a popover on focus, on hover and on tap (the link's
//   data-name and data-desc hold the entry). Escape closes it; a second tap, or Enter,
//   follows the link.
// - Copy buttons: a button with data-copy="ID" copies the text of the
//   element with that id.
"use strict";

(function () {
  var pop = null;   // the popover element, made on first use
  var owner = null; // the link it explains

  function popover() {
    if (!pop) {
      pop = document.createElement("div");
      pop.className = "popover";
      pop.id = "gloss-popover";
      pop.setAttribute("role", "tooltip");
      pop.hidden = true;
      document.body.appendChild(pop);
    }
    return pop;
  }

  function show(link) {
    var name = link.getAttribute("data-name") || link.textContent.trim();
    var desc = link.getAttribute("data-desc") || "";
    // The title would show a second, native tooltip: keep it aside.
    if (link.hasAttribute("title")) {
      link.setAttribute("data-title", link.getAttribute("title"));
      link.removeAttribute("title");
    }
    var p = popover();
    p.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = name;
    p.appendChild(strong);
    if (desc) {
      p.appendChild(document.createTextNode(desc));
    }
    var more = document.createElement("a");
    more.href = link.href;
    more.textContent = link.classList.contains("person") ? "In the list of persons" : "In the list of terms";
    p.appendChild(document.createElement("br"));
    p.appendChild(more);
    // Measure at the left edge, where nothing narrows it, then place it
    // under the link without passing the window's right edge.
    p.style.left = "0px";
    p.style.top = "0px";
    p.hidden = false;
    owner = link;
    link.setAttribute("aria-describedby", p.id);
    var r = link.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, width - p.offsetWidth - 8));
    p.style.left = (left + window.scrollX) + "px";
    p.style.top = (r.bottom + window.scrollY + 4) + "px";
  }

  function hide() {
    if (pop && !pop.hidden) {
      pop.hidden = true;
    }
    if (owner) {
      owner.removeAttribute("aria-describedby");
      owner = null;
    }
  }

  function glossLink(el) {
    return el && el.closest ? el.closest("a.person, a.term") : null;
  }

  document.addEventListener("focusin", function (e) {
    var link = glossLink(e.target);
    if (link) {
      show(link);
    } else if (!(pop && pop.contains(e.target))) {
      hide();
    }
  });
  document.addEventListener("mouseover", function (e) {
    var link = glossLink(e.target);
    if (link && link !== owner) {
      show(link);
    }
  });
  document.addEventListener("mouseout", function (e) {
    var link = glossLink(e.target);
    if (link && link === owner && document.activeElement !== link && !(pop && pop.contains(e.relatedTarget))) {
      hide();
    }
  });
  document.addEventListener("click", function (e) {
    var link = glossLink(e.target);
    if (link && link !== owner && e.pointerType === "touch") {
      // A first tap explains; a second one follows the link.
      e.preventDefault();
      show(link);
      return;
    }
    if (!link && !(pop && pop.contains(e.target))) {
      hide();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && owner) {
      var link = owner;
      hide();
      link.focus();
    }
  });

  // Copy buttons work where the clipboard does: show them then.
  if (navigator.clipboard) {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var box = button.closest("[hidden]");
      if (box) {
        box.hidden = false;
      }
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        var status = button.parentNode.querySelector(".copied");
        if (!source) {
          return;
        }
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          if (status) {
            status.textContent = "Copied.";
          }
        }, function () {
          if (status) {
            status.textContent = "Could not copy: select the text instead.";
          }
        });
      });
    });
  }
})();
