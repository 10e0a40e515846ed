-- a template runs a program with io.popen
return {
  title = "坏输入",
  theme = "b",
}
