from mengke.cli import main

main()
