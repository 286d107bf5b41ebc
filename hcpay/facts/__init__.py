"""What the client says about an account, computed once, below the faces.

The screens (``screens/``), plain mode (``hcpay/plain``) and the scripted commands
(``hcpay/commands``) each phrase these facts their own way (a panel, a sentence, a line or a
JSON field), but never work them out again. Nothing here imports Textual.

The API, small on purpose:

- ``hcpay.facts.account.AccountFacts.from_summary(summary, plans=())``: amount due, credit,
  coverage (pending until the first bill is paid, grace, reinstatement), a payment plan in
  effect with its next installment, automatic payments on/paused/off and the next draw.
  ``await hcpay.facts.account.load(client)`` reads what it needs from the portal.
- ``hcpay.facts.labels.method_label(method)``: ``Visa ending 4242``,
  ``Checking account ending 6789``, the one wording of a payment method.
- ``hcpay.facts.words``: money, dates and days left in words, ``status_word(status)`` for a
  payment, ``coverage_word(coverage)``, ``autopay_word(autopay)`` and the sentences of each fact.
- ``hcpay.facts.clock``: "today" and the billing time zone, from the portal only.
- ``hcpay.facts.csv``: the one payments CSV (columns and rows).
- ``hcpay.facts.errors.explain(error, places)``: the one explanation of each error, with the
  names of the places to go next given by each face.
"""
