import { io } from "socket.io-client";
window.syncioPlaceholder = io;
