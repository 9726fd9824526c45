"""Fill-in forms: split a ledger into one form per unit and collect the returned forms back."""
