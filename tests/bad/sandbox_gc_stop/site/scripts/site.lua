-- a template stops the garbage collector
return {
  title = "坏输入",
  theme = "b",
}
