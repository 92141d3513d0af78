import { ChatRoute } from './_components/routes';

export default function ChatPage() {
  return <ChatRoute />;
}
