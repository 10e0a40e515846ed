-- a template loops forever inside a coroutine, catching every error; timeout = 1
return {
  title = "坏输入",
  theme = "b",
timeout = 1,
}
