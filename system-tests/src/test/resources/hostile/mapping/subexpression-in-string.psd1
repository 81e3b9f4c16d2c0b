@{ title = "$(Get-Process)" }
