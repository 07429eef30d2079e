# archive area: sources, tests
