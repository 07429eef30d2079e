# docs area: sources, tests
