// UTF-8, and WTF-8: the UTF-8 of text that may hold lone UTF-16 surrogates,
// which Python strings (and so Buildbot's JSON) can.
#ifndef STATECTL_CORE_UTF8_H_
#define STATECTL_CORE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace statectl {

// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// The length of the valid UTF-8 sequence that starts at text[i] (1 for
// ASCII), or 0 if none does.
size_t Utf8SequenceAt(std::string_view text, size_t i);

// WTF-8 to UTF-8: the same bytes, or kInvalidData if text holds a lone
// surrogate (which has no UTF-8 form).
Result<std::string> WtfToUtf8(std::string_view wtf8);

// Appends the code point's UTF-8 bytes; a surrogate (U+D800..U+DFFF) gets
// its WTF-8 form.
void AppendWtf8(std::string& out, uint32_t code_point);

// The code point of the (already validated) WTF-8 at text[i]; moves i past it.
uint32_t NextCodePoint(std::string_view text, size_t& i);

}  // namespace statectl

#endif  // STATECTL_CORE_UTF8_H_
