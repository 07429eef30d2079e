# csv area: sources, tests
