using MailGrid.Server.Commands;

// A tool mode that needs no host: print a password hash for the accounts configuration.
if (args is [HashPasswordCommand.Name, ..])
{
    return HashPasswordCommand.Run();
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAllInOneServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapMailGridApi();

await app.RunAsync();
return 0;
