-- a template loads a C library with package.loadlib
return {
  title = "坏输入",
  theme = "b",
}
