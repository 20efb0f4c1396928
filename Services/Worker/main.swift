print("horde-Worker")
