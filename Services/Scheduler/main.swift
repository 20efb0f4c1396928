print("horde-Scheduler")
