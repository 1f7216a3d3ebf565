import "server-only";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/lib/http/page-auth";
import { NotFoundError } from "@/lib/services/errors";
import { getSite } from "@/lib/services/sites";

/** The site of the URL for a page, or the 404 page. */
export async function siteOrNotFound(id: string) {
  const session = await requirePageSession();
  const site = await getSite(session.ctx, id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  return { session, site };
}
