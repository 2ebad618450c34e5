// Python's repr() of a float, as json.dumps writes floats.
#ifndef STATECTL_CORE_FLOAT_REPR_H_
#define STATECTL_CORE_FLOAT_REPR_H_

#include <string>

namespace statectl {

// The shortest digits that read back as d, in Python's layout: 1795460700.0,
// 1e+16, 1.5e-05, -0.0; NaN, Infinity and -Infinity as json.dumps writes them.
std::string PythonFloatRepr(double d);

}  // namespace statectl

#endif  // STATECTL_CORE_FLOAT_REPR_H_
