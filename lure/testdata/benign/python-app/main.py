import json
import subprocess
import requests

def fetch():
    r = requests.get('https://api.example.com/items', timeout=5)
    return json.loads(r.text)

if __name__ == '__main__':
    subprocess.run(['git', 'status'], check=False)
    print(fetch())
