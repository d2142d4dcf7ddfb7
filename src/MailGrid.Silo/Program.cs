var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSiloServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapMailGridApi();

await app.RunAsync();
