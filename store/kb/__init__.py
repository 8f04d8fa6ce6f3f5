"""The knowledge base (知识库)."""
