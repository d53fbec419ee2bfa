import { ComingSoonPage } from "../../app/pages";

/** Placeholder until the screen is built. */
export default function OrderDetailPage() {
  return <ComingSoonPage />;
}
