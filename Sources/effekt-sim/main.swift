print("effekt-sim")
