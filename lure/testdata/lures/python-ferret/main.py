import pyperclip

def main():
    pyperclip.copy('hello')

if __name__ == '__main__':
    main()
