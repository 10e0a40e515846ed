-- a page whose template spends hours inside string.find (one C call); timeout = 1
return {
  title = "坏输入",
  theme = "b",
timeout = 1,
}
