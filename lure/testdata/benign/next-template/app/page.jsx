import Image from 'next/image';

export default function Page() {
  return <main className="p-4"><h1>Hello, it's me</h1><Image src="/logo.svg" alt="" width={40} height={40} /></main>;
}
