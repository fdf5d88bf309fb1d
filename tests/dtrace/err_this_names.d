/* errors name clause-local and thread-local variables as D writes them */
BEGIN
{
	this->x = 1;
	this->x = "one";
	self->y = 1;
	self->y = "one";
}
