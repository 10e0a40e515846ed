-- paginate that is not a number
return { title = "坏输入", theme = "b", paginate = "x" }
