namespace MailGrid.Dsn;
internal static class DsnAssembly;
