print("horde-Ledger")
