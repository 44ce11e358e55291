/** Small helpers shared by the simulator's tests (real HTTP against a started simulator). */
import type {
  CategoryDto,
  ReelDto,
  SavedShowSearchDto,
  SavedShowSearchQuery,
  ShowDto,
  VodDto,
} from './simulator.dtos';

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export const ADMIN = { authorization: basicAuth('admin', 'admin') };
export const VIEWER = { authorization: basicAuth('viewer', 'viewer') };

export interface Meta {
  offset: number;
  pageSize: number;
  count: number;
}

export interface ShowsPage {
  shows: ShowDto[];
  meta: Meta;
  reels?: ReelDto[];
  vods?: VodDto[];
  categories?: CategoryDto[];
  producers?: { id: number }[];
  projects?: { id: number }[];
  locations?: { id: number }[];
}

export interface VodsPage {
  vods: VodDto[];
  meta: Meta;
  shows?: ShowDto[];
}

export interface Message {
  message: string;
}

export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`GET ${url} -> ${response.status} ${await response.text()}`);
  return json<T>(response);
}

export function sendJson(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function advancedSearch(
  apiBase: string,
  query: Partial<SavedShowSearchQuery>,
  headers: Record<string, string> = {},
): Promise<number[]> {
  const response = await sendJson(
    `${apiBase}/shows/search/advanced`,
    'POST',
    { savedShowSearch: { name: '', query: { groups: [], sortOptions: [], ...query } } },
    headers,
  );
  if (!response.ok)
    throw new Error(`advanced search -> ${response.status} ${await response.text()}`);
  return (await json<{ savedShowSearch: SavedShowSearchDto }>(response)).savedShowSearch.results;
}

/** Every show in the default order, in one request. */
export async function allShows(
  apiBase: string,
  headers: Record<string, string> = {},
): Promise<ShowDto[]> {
  return (await getJson<ShowsPage>(`${apiBase}/shows?page_size=-1`, headers)).shows;
}
