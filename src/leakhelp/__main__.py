from leakhelp.cli import main

main()
