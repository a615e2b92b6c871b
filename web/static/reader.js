// Chancery's reader: small enhancements of pages that work without it.
"use strict";
