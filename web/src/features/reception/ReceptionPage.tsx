import { ComingSoonPage } from "../../app/pages";

/** Placeholder until the screen is built. */
export default function ReceptionPage() {
  return <ComingSoonPage />;
}
