"""Honours: 善行功德榜, titles and plaques, numbered and verifiable certificates."""
