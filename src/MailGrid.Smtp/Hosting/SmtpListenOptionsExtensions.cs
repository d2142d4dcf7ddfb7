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

    /// <summary>Key under which a connection's <see cref="SmtpListenerOptions"/> travel, when the endpoint was opened with them.</summary>
    internal const string ListenerKey = "MailGrid.Smtp.Listener";

    /// <summary>
    /// Serves SMTP on this endpoint with <paramref name="listener"/>'s name, TLS mode and AUTH requirement
    /// (its Address and Port are not used here: the endpoint is already chosen).
    /// </summary>
    public static ListenOptions UseMailGridSmtp(this ListenOptions listenOptions, SmtpListenerOptions listener)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        ArgumentNullException.ThrowIfNull(listener);
        listenOptions.Use(next => connection =>
        {
            connection.Items[ListenerKey] = listener;
            return next(connection);
        });
        return listenOptions.UseMailGridSmtp(listener.Name);
    }

    /// <summary>
    /// Serves SMTP on this endpoint; sessions report <paramref name="listenerName"/> as their listener and take its TLS
    /// mode and AUTH requirement from the configured listener of that name (STARTTLS, no AUTH requirement if none).
    /// </summary>
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
            var address = SmtpListenerAddress.Parse(listener.Address);
            if (address is null)
            {
                kestrel.ListenAnyIP(listener.Port, l => l.UseMailGridSmtp(listener));
            }
            else
            {
                kestrel.Listen(address, listener.Port, l => l.UseMailGridSmtp(listener));
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
