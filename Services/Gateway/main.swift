print("horde-Gateway")
