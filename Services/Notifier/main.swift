print("horde-Notifier")
