"""The pure matcher: Chinese text in, ranked achievement–demand pairs with their reasons out."""
