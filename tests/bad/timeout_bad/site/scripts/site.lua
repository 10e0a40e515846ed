-- timeout is not a number of seconds
return {
  title = "坏输入",
  theme = "b",
timeout = 0,
}
