using System.Text;
using MailGrid.Accounts;

namespace MailGrid.Server.Commands;

/// <summary>
/// <c>MailGrid.Server hash-password</c>: reads a password from stdin (one line; typed without echo on a terminal)
/// and prints its hash for <c>MailGrid:Directory:Accounts:N:PasswordHash</c>. Takes no argument, so the
/// password never shows in the shell history or the process list.
/// </summary>
internal static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public static int Run()
    {
        string? password;
        if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            Console.Error.Write("Password: ");
            password = ReadWithoutEcho();
            Console.Error.WriteLine();
        }

        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("hash-password: no password on stdin.");
            return 2;
        }

        Console.Out.WriteLine(PasswordHasher.Hash(password));
        return 0;
    }

    private static string ReadWithoutEcho()
    {
        var password = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        return password.ToString();
    }
}
