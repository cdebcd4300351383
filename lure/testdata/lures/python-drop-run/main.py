from utils import updater

print("password manager")
