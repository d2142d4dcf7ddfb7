using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>Puts the SMTP engine on Kestrel endpoints.</summary>
public static class SmtpListenOptionsExtensions
{
    /// <summary>Key under which a connection's listener name travels in <see cref="ConnectionContext.Items"/>.</summary>
    internal const string ListenerNameKey = "MailGrid.Smtp.ListenerName";

    /// <summary>Serves SMTP on this endpoint; sessions report <paramref name="listenerName"/> as their listener.</summary>
    public static ListenOptions UseMailGridSmtp(this ListenOptions listenOptions, string listenerName = "mx")
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        listenOptions.Use(next => connection =>
        {
            connection.Items[ListenerNameKey] = listenerName;
            return next(connection);
        });
        listenOptions.UseConnectionHandler<SmtpConnectionHandler>();
        return listenOptions;
    }

    /// <summary>Opens every listener of <paramref name="options"/> on Kestrel.</summary>
    public static KestrelServerOptions ListenMailGridSmtp(this KestrelServerOptions kestrel, SmtpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var listener in options.Listeners)
        {
            var name = listener.Name;
            var address = SmtpListenerAddress.Parse(listener.Address);
            if (address is null)
            {
                kestrel.ListenAnyIP(listener.Port, l => l.UseMailGridSmtp(name));
            }
            else
            {
                kestrel.Listen(address, listener.Port, l => l.UseMailGridSmtp(name));
            }
        }

        return kestrel;
    }

    /// <summary>
    /// Opens every configured listener, reading the validated <see cref="SmtpServerOptions"/> from
    /// <see cref="KestrelServerOptions.ApplicationServices"/> (call inside <c>ConfigureKestrel</c>).
    /// </summary>
    public static KestrelServerOptions ListenMailGridSmtp(this KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var options = kestrel.ApplicationServices.GetRequiredService<IOptions<SmtpServerOptions>>().Value;
        return kestrel.ListenMailGridSmtp(options);
    }
}
