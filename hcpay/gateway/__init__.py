"""The sandbox card and bank tokenizer and processor: its own ASGI app, mounted by the portal at
/gateway. The portal sees tokens, never a card or account number."""
