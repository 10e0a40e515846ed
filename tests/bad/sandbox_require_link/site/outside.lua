return "在 scripts/ 以外"
