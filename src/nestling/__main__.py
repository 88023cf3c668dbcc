from nestling.cli import main

main()
