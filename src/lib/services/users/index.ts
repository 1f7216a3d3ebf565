export { listUsers } from "./list-users";
export { createUser } from "./create-user";
export { updateUser } from "./update-user";
export { deleteUser } from "./delete-user";
export { CreateUserInput, UpdateUserInput, UserView } from "./schemas";
