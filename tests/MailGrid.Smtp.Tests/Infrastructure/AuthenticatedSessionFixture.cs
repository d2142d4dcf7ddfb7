using Microsoft.Extensions.DependencyInjection;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>The engine with every session authenticated at MAIL (see <see cref="AuthenticatingMessageHandler"/>).</summary>
public sealed class AuthenticatedSessionFixture : SmtpServerFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<ISmtpMessageHandler>(new AuthenticatingMessageHandler(Handler));
}
