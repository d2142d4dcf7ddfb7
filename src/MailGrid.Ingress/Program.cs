var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngressServices();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
