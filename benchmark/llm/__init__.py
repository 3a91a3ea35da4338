"""Any LLM behind an OpenAI-compatible chat-completions endpoint as a Caravan-IE system.

``prompts`` builds and loads the versioned prompt of each layer; ``answers`` turns gold records
into answers (few-shot examples) and model replies into items; ``client`` calls the endpoint with
a disk cache and retries; ``adapter`` runs a whole prediction (``caravan-ie predict --system llm``).
"""
