//go:build cgo && expat

package expat

/*
#cgo LDFLAGS: -lexpat
#include <expat.h>

// count_start is the only handler: it counts an element and looks at
// nothing, so the parse is as bare as expat allows.
static void XMLCALL count_start(void *data, const XML_Char *name, const XML_Char **atts) {
	(void)name;
	(void)atts;
	++*(unsigned long long *)data;
}

// count_parse parses s[0:len] as a whole document with a parser of its
// own, freed before it returns, and stores the number of elements in
// *elements. It returns XML_ERROR_NONE, or the error with the line it was
// found on in *line; XML_ERROR_NO_MEMORY if no parser could be made. The
// whole parse is one call from Go, with no Go callbacks.
static enum XML_Error count_parse(const char *s, int len, unsigned long long *elements, XML_Size *line) {
	XML_Parser p = XML_ParserCreate(NULL); // the encoding the document declares; no namespace processing
	if (p == NULL) {
		return XML_ERROR_NO_MEMORY;
	}
	*elements = 0;
	XML_SetUserData(p, elements);
	XML_SetStartElementHandler(p, count_start);
	enum XML_Error code = XML_ERROR_NONE;
	if (XML_Parse(p, s, len, 1) != XML_STATUS_OK) {
		code = XML_GetErrorCode(p);
		*line = XML_GetCurrentLineNumber(p);
	}
	XML_ParserFree(p);
	return code;
}
*/
import "C"

import (
	"fmt"
	"math"
	"unsafe"
)

// Parse parses data as one complete XML document with libexpat and returns
// the number of elements in it. It fails with expat's message and the line
// of the error when the document is not well-formed.
func Parse(data []byte) (elements int, err error) {
	if len(data) > math.MaxInt32 {
		return 0, fmt.Errorf("expat: %d bytes, more than XML_Parse takes at once", len(data))
	}
	var s *C.char
	if len(data) > 0 {
		// cgo lets C read Go memory that holds no Go pointers for the
		// length of the call; expat keeps nothing of it past ParserFree.
		s = (*C.char)(unsafe.Pointer(&data[0]))
	}
	var n C.ulonglong
	var line C.XML_Size
	if code := C.count_parse(s, C.int(len(data)), &n, &line); code != C.XML_ERROR_NONE {
		return int(n), fmt.Errorf("expat: line %d: %s", uint64(line), C.GoString(C.XML_ErrorString(code)))
	}
	return int(n), nil
}
