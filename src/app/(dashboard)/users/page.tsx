import type { Metadata } from "next";
import { CreateUserForm, UserRowActions } from "@/components/admin-forms";
import { Forbidden } from "@/components/forbidden";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { listUsers } from "@/lib/services/users";
import { formatDateTime } from "@/components/format-time";
import { TableScroll } from "@/components/shell/table-scroll";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const session = await requirePageSession();
  if (!hasRole(session, "admin")) return <Forbidden requiredRole="admin" />;
  const users = await listUsers(session.ctx);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Users</h1>
      <CreateUserForm />
      <TableScroll label="Users">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs whitespace-nowrap text-slate-500 uppercase">
            <tr>
              <th className="px-4 py-2">Username</th>
              <th className="px-4 py-2">Created</th>
              <th className="px-4 py-2">Role</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-t border-slate-100">
                <td className="px-4 py-2 font-medium">{user.username}</td>
                <td className="px-4 py-2 text-slate-600">{formatDateTime(user.createdAt)}</td>
                <td className="px-4 py-2">
                  <UserRowActions id={user.id} username={user.username} role={user.role} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
